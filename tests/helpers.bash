bats_require_minimum_version 1.5.0
# Shared set-up for every bats file: the tools under test come first on
# PATH (bin/, or build/san/bin under make check's sanitizer run), the
# locale and zone are fixed, and $TD is the testdata folder.
TELAUDIT_BIN=${TELAUDIT_BIN:-$BATS_TEST_DIRNAME/../bin}
PATH="$TELAUDIT_BIN:$PATH"
export LC_ALL=C TZ=UTC
TD="$BATS_TEST_DIRNAME/../testdata"
# The real samples live beside the repo; tests that need them skip when absent.
REF="$BATS_TEST_DIRNAME/../../shared/reference-data"
