from . import main
from . import review_form
from . import api
from . import rate
