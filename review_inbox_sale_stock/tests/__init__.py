from . import test_delivery_request
from . import test_translations
