"""Encryption at rest (core.crypto), for any value: what is sealed opens to exactly what went in,
the stored token never holds the clear value, two seals of one value differ, and a token or file
changed in any byte, or opened for another place, fails loudly instead of opening to something
else. No database."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safereturn.core import crypto

PROPERTY = settings(max_examples=200, deadline=None)
# Long enough that finding it inside random bytes by chance is out of the question (about 2^-60).
identities = st.text(min_size=8, max_size=200)


def sealed_part(token):
    return token.split(":", 1)[1]


@PROPERTY
@given(st.text(max_size=500))
def test_text_round_trips_under_the_current_key(value):
    token = crypto.encrypt_text(value)
    assert crypto.key_id_of(token) == crypto.current_key_id()
    assert crypto.decrypt_text(token) == value


@PROPERTY
@given(identities)
def test_the_token_never_holds_the_clear_value_and_is_new_each_time(value):
    token = crypto.encrypt_text(value)
    assert value not in sealed_part(token)
    assert value.encode("utf-8") not in base64.b64decode(sealed_part(token))
    assert crypto.encrypt_text(value) != token  # a fresh nonce: equal values do not look equal


@PROPERTY
@given(st.binary(max_size=300), st.binary(max_size=40), st.binary(max_size=40))
def test_bytes_open_only_with_the_data_they_were_bound_to(data, bound_to, other):
    token = crypto.encrypt_bytes(data, bound_to)
    assert crypto.decrypt_bytes(token, bound_to) == data
    if other != bound_to:
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt_bytes(token, other)


@PROPERTY
@given(st.data(), st.text(max_size=100))
def test_a_changed_token_never_opens(data, value):
    raw = bytearray(base64.b64decode(sealed_part(crypto.encrypt_text(value))))
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] ^= data.draw(st.integers(1, 255))
    changed = f"{crypto.current_key_id()}:{base64.b64encode(bytes(raw)).decode('ascii')}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(changed)


@PROPERTY
@given(st.data(), st.binary(min_size=8, max_size=2000), st.text(min_size=1, max_size=40))
def test_a_sealed_file_opens_where_it_is_stored_only_and_holds_no_clear_bytes(data, content, storage_name):
    where = storage_name.encode("utf-8")
    blob = crypto.seal_blob(content, where)
    assert crypto.blob_key_id(blob) == crypto.current_key_id()
    assert content not in blob[len(crypto.current_key_id()) + 1 :]
    assert crypto.open_blob(blob, where) == content
    elsewhere = data.draw(st.text(min_size=1, max_size=40).filter(lambda name: name != storage_name))
    with pytest.raises(crypto.DecryptionError):
        crypto.open_blob(blob, elsewhere.encode("utf-8"))  # a file moved or swapped does not open
