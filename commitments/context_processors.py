from core.pagecache import site_fact
from helpdirectory.models import HelpOrganisation

from .models import Commitment


@site_fact
def demo_content_shown():
    return (
        Commitment.objects.published().filter(is_demo=True).exists()
        or HelpOrganisation.objects.published().filter(is_demo=True).exists()
    )


def demo(request):
    """Whether demonstration content (commitments or entries in Where to get
    help) is published, so every page can say so."""
    return {"demo_content_shown": demo_content_shown()}
