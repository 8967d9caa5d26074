from app.models import SQLModel

target_metadata = SQLModel.metadata
