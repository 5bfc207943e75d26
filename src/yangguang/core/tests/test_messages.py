from yangguang.testing.messages import catalogs, stale


def test_every_translation_catalog_is_compiled():
    assert catalogs(), "no translation catalogs found"
    assert stale() == [], "run `make messages` and commit the .mo files"
