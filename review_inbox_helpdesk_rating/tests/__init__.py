from . import test_ticket_rating
from . import test_rate_routes
from . import test_demo
from . import test_translations
