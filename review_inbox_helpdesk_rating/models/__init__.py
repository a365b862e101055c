from . import review_message
from . import review_rating_route
from . import rating_rating
