import pytest

from warehouse import store


@pytest.fixture
def query(seeds_db):
    con = store.connect_reader(seeds_db)
    yield lambda sql, *params: con.execute(sql, list(params)).fetchall()
    con.close()
