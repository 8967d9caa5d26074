from typedlib._models import Response


class Client:
    def get(self) -> Response:
        return Response(self)
