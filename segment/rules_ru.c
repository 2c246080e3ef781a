/*
 * segment/rules_ru.c - Russian.
 *
 * ICU keeps "т. е. меньше" together (a lower-case word follows) but cuts
 * before every capital: initials ("В. В. Путин"), "им. Пушкина",
 * "ул. Тверская", "см. Приложение 2". Units after a number ("2025 г.",
 * "XIX в.", "5 млн.") may end a sentence, so there ICU's break stands;
 * elsewhere ("г. Москва") they are titles. In dialogue a dash after the
 * end of a sentence opens the next one, which ICU does not see because
 * it reads the dash as a continuation.
 */
#include "segment_int.h"

static const seg_abbrev abbrevs[] = {
    { "т. е", SEG_ABBR_TITLE }, { "т. к", SEG_ABBR_TITLE },
    { "т. н", SEG_ABBR_TITLE }, { "т. ч", SEG_ABBR_TITLE },
    { "т. д", SEG_ABBR_MAYEND }, { "т. п", SEG_ABBR_MAYEND },
    { "др", SEG_ABBR_MAYEND }, { "пр", SEG_ABBR_MAYEND },
    { "г", SEG_ABBR_NUMERIC }, { "гг", SEG_ABBR_NUMERIC },
    { "в", SEG_ABBR_NUMERIC }, { "вв", SEG_ABBR_NUMERIC },
    { "млн", SEG_ABBR_NUMERIC }, { "млрд", SEG_ABBR_NUMERIC },
    { "тыс", SEG_ABBR_NUMERIC }, { "трлн", SEG_ABBR_NUMERIC },
    { "руб", SEG_ABBR_NUMERIC }, { "коп", SEG_ABBR_NUMERIC },
    { "долл", SEG_ABBR_NUMERIC }, { "мин", SEG_ABBR_NUMERIC },
    { "сек", SEG_ABBR_NUMERIC }, { "ч", SEG_ABBR_NUMERIC },
    { "км", SEG_ABBR_NUMERIC }, { "кг", SEG_ABBR_NUMERIC },
    { "см", SEG_ABBR_TITLE }, { "См", SEG_ABBR_TITLE },
    { "им", SEG_ABBR_TITLE }, { "ул", SEG_ABBR_TITLE },
    { "пр-т", SEG_ABBR_TITLE }, { "пл", SEG_ABBR_TITLE },
    { "пер", SEG_ABBR_TITLE }, { "просп", SEG_ABBR_TITLE },
    { "д", SEG_ABBR_TITLE }, { "кв", SEG_ABBR_TITLE },
    { "стр", SEG_ABBR_TITLE }, { "с", SEG_ABBR_TITLE },
    { "ст", SEG_ABBR_TITLE }, { "гл", SEG_ABBR_TITLE },
    { "рис", SEG_ABBR_TITLE }, { "табл", SEG_ABBR_TITLE },
    { "напр", SEG_ABBR_TITLE }, { "проф", SEG_ABBR_TITLE },
    { "акад", SEG_ABBR_TITLE }, { "ген", SEG_ABBR_TITLE },
    { "обл", SEG_ABBR_TITLE }, { "р", SEG_ABBR_TITLE },
    { "оз", SEG_ABBR_TITLE }, { "пос", SEG_ABBR_TITLE },
    { "тел", SEG_ABBR_TITLE }, { "англ", SEG_ABBR_TITLE },
    { "лат", SEG_ABBR_TITLE }, { "нем", SEG_ABBR_TITLE },
    { "франц", SEG_ABBR_TITLE }, { "род", SEG_ABBR_TITLE },
    { "ум", SEG_ABBR_TITLE }, { "св", SEG_ABBR_TITLE },
    { "н. э", SEG_ABBR_MAYEND },
    { "янв", SEG_ABBR_TITLE }, { "февр", SEG_ABBR_TITLE },
    { "апр", SEG_ABBR_TITLE }, { "авг", SEG_ABBR_TITLE },
    { "сент", SEG_ABBR_TITLE }, { "окт", SEG_ABBR_TITLE },
    { "нояб", SEG_ABBR_TITLE }, { "дек", SEG_ABBR_TITLE },
    { NULL, 0 }
};

static const char *const starters[] = {
    "А", "Без", "Благодаря", "В", "Вместе", "Во", "Впрочем", "Все", "Всё",
    "Вы", "Где", "Да", "Для", "До", "Его", "Её", "Если", "Ещё", "За",
    "Затем", "Здесь", "И", "Из", "Или", "Их", "К", "Как", "Когда",
    "Кроме", "Кто", "Мы", "На", "Над", "Наконец", "Не", "Но", "Ни", "О",
    "Об", "Однако", "Он", "Она", "Они", "Оно", "От", "По", "Поэтому",
    "После", "Потом", "При", "Причём", "Против", "С", "Сегодня", "Сейчас",
    "Со", "Так", "Также", "Там", "Теперь", "Тогда", "Тот", "Тут", "Ты",
    "У", "Хотя", "Что", "Чтобы", "Это", "Эта", "Эти", "Этот", "Я", NULL
};

const seg_rules seg_rules_ru = {
    .lang = "ru",
    .abbrevs = abbrevs,
    .starters = starters,
    .initials = 1,
    .list_markers = 1,
    .lower_continues = 1,
    .ellipsis_ends = 1,
    .dialogue_dash = 1,
    .cjk_ellipsis = 0,
    .cjk_join = 0,
};
