"""The framework floor's two addresses (see the package's docstring)."""

from django.urls import path
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from bench.api_bench import floor_detail, floor_list


def _origin(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


class ArticleList(APIView):
    def get(self, request):
        return Response(floor_list(request.query_params.dict(), _origin(request)))


class ArticleDetail(APIView):
    def get(self, request, pk: int):
        data = floor_detail(pk, _origin(request))
        if data is None:
            raise NotFound()
        return Response(data)


urlpatterns = [
    path("api/v1/articles/", ArticleList.as_view()),
    path("api/v1/articles/<int:pk>/", ArticleDetail.as_view()),
]
