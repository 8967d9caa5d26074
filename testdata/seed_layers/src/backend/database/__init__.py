"""Engines and the two session patterns (plus the old sync one, for scripts)."""

from contextlib import asynccontextmanager

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from backend.config import settings

engine = create_async_engine(settings.DATABASE_URL, pool_pre_ping=True)
SessionLocal = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
sync_engine = create_engine(settings.DATABASE_URL.replace("+aiosqlite", ""))
SyncSessionLocal = sessionmaker(sync_engine, class_=Session)


async def get_db():
    async with SessionLocal() as session:
        yield session


def get_sync_db():
    with SyncSessionLocal() as session:
        yield session


@asynccontextmanager
async def async_session_scope():
    async with SessionLocal() as session:
        try:
            yield session
            await session.commit()
        except Exception:
            await session.rollback()
            raise
