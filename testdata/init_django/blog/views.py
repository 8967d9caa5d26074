from django.http import HttpResponse

from blog.models import Post


def index(request):
    return HttpResponse(Post.objects.count())
