from . import intake
from . import review_api
from . import review_import
