from . import test_access
from . import test_demo
from . import test_import
from . import test_performance
from . import test_rate_routes
from . import test_reply
from . import test_routes
from . import test_sync
