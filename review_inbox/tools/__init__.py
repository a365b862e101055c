from . import intake
from . import names
from . import review_api
from . import review_import
from . import sla
