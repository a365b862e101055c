from . import review_rating_import_wizard
