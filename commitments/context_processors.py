from .models import Commitment


def demo(request):
    """Whether demonstration commitments are published, so every page can say so."""
    return {"demo_content_shown": Commitment.objects.published().filter(is_demo=True).exists()}
