// The course's sentences as message catalogues, one per language
// (course_messages_en.inc, course_messages_fr.inc): each message has an id,
// its English text defines the ids, and the French catalogue gives the same
// ids their French text. The catalogue test checks that every id has both
// texts with the same placeholders, in the same order. (Sections not yet
// moved here still pair their texts at the call site, checked at compile time
// by say(w, en, fr, ...).)
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "course/course_words.hpp"

namespace concur::course {

enum class Msg : std::size_t {
#define COURSE_MESSAGE(id, text) id,
#include "course/course_messages_en.inc"
#undef COURSE_MESSAGE
  count_
};

// The message's text in `lang` (empty when the catalogue lacks it: the test
// catches that before a user can).
std::string_view message(Msg id, Lang lang);
// Every id's name, in catalogue order, for the test's failure messages.
std::string_view message_name(Msg id);
// The replacement fields of a format string in order ("{}", "{:.2f}"),
// escaped braces ({{ }}) left out.
std::vector<std::string> placeholders(std::string_view format);

// One message in the reader's language, typeset for French.
template <typename... Args>
std::string say(const Words& words, Msg id, Args&&... args) {
  std::string text = fmt::format(fmt::runtime(message(id, words.lang())), std::forward<Args>(args)...);
  return words.typeset(std::move(text));
}

}  // namespace concur::course
