type Token = str


class User[T]:
    def login(self, token: Token) -> T: ...
