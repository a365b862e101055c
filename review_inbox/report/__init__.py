from . import review_place_poster
