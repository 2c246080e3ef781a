# TMX export and import (tmx/). The TMX 1.4b DTD is not in the
# repository (the LISA file carries no licence); the tests validate
# against ../shared/tmx14.dtd beside it and say so when it is absent.
set(STELE_TMX_DTD ${PROJECT_SOURCE_DIR}/../shared/tmx14.dtd)
stele_add_unit_test(test_tmx SOURCES test_tmx.c
    ARGS ${STELE_TEST_DATA} ${STELE_TMX_DTD} LABELS tmx)
