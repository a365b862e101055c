from . import test_purchase_figures
from . import test_refund
from . import test_sale_access
from . import test_sale_rating
from . import test_sale_request
from . import test_sale_send
from . import test_sale_settings
from . import test_translations
