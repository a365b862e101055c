from . import test_dashboard
from . import test_translations
from . import test_ui_dashboard
