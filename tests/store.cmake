# The translation memory and its search (store/).
stele_add_unit_test(test_store SOURCES test_store.c LABELS store)
