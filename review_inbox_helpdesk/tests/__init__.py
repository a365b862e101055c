from . import test_ticket
from . import test_ticket_stage
from . import test_customer_answer
from . import test_delegate
from . import test_access
from . import test_settings
from . import test_ui_helpdesk
from . import test_translations
