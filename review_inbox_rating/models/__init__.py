from . import rating_rating
from . import res_company
from . import review_message
from . import review_rating_import
from . import review_rating_route
