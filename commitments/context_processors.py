from publishing.pagecache import site_fact

from .models import Commitment


@site_fact
def demo_content_shown():
    return Commitment.objects.published().filter(is_demo=True).exists()


def demo(request):
    """Whether demonstration commitments are published, so every page can say so."""
    return {"demo_content_shown": demo_content_shown()}
