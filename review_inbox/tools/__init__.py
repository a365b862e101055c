from . import intake
from . import names
from . import review_api
from . import review_import
from . import purchase_figures
from . import sla
from . import jobs
