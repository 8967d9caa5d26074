from django.db import models

from blog.models import Post


class Product(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE)
