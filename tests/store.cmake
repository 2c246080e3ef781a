# The translation memory and its search (store/).
#
# stele_store_add_alignment needs the aligner's stele_alignment. Until
# align/ is in the tree, tests/fake_alignment.c stands in for its four
# accessors so that add_alignment can be tested; once align/ exists the
# real ones are used and the stand-in is left out.
set(test_store_sources test_store.c)
file(GLOB stele_align_sources ${PROJECT_SOURCE_DIR}/align/*.c)
if(NOT stele_align_sources)
    list(APPEND test_store_sources fake_alignment.c)
endif()
stele_add_unit_test(test_store SOURCES ${test_store_sources}
                    LABELS store)
