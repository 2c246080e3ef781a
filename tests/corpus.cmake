# Every evaluation corpus under corpora/ with its languages, the first
# one the source (see corpora/README.md).
stele_add_corpus_test(corpus_csto_summit ${STELE_CORPORA}/csto-summit
                      en,ru,zh)
stele_add_corpus_test(corpus_story_lighthouse ${STELE_CORPORA}/story-lighthouse
                      en,ru,zh)
stele_add_corpus_test(corpus_tessa_interview ${STELE_CORPORA}/tessa-interview
                      en,ru,zh)
stele_add_corpus_test(corpus_weather_station ${STELE_CORPORA}/weather-station
                      en,de,fr,ru,zh)
stele_add_corpus_test(corpus_moselle_harvest ${STELE_CORPORA}/moselle-harvest
                      en,de,fr,es)
stele_add_corpus_test(corpus_crema_manual ${STELE_CORPORA}/crema-manual
                      de,en,ru)
stele_add_corpus_test(corpus_library_garden ${STELE_CORPORA}/library-garden
                      en,ja,tr)
stele_add_corpus_test(corpus_novella_ferry ${STELE_CORPORA}/novella-ferry
                      en,ru,zh)
