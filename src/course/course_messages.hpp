// The course's sentences as message catalogues, one per language
// (course_messages_en.inc, course_messages_fr.inc): each message has an id,
// its English text defines the ids, and the French catalogue gives the same
// ids their French text. Two checks keep them honest: say<Msg::id>(words,
// args...) does not compile when the number of arguments differs from the
// English text's placeholders, and the catalogue test checks that every id
// has a French text with the same placeholders in the same order.
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

namespace detail {
// Replacement fields in a format string, "{{" and "}}" left out (the
// placeholders() count, at compile time).
constexpr std::size_t count_fields(std::string_view format) {
  std::size_t fields = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const bool doubled = i + 1 < format.size() && format[i + 1] == format[i];
    if ((format[i] == '{' || format[i] == '}') && doubled) {
      ++i;
    } else if (format[i] == '{') {
      ++fields;
    }
  }
  return fields;
}
inline constexpr std::size_t kFields[] = {
#define COURSE_MESSAGE(id, text) count_fields(text),
#include "course/course_messages_en.inc"
#undef COURSE_MESSAGE
};
}  // namespace detail

// One message in the reader's language, typeset for French.
template <Msg id, typename... Args>
std::string say(const Words& words, Args&&... args) {
  static_assert(detail::kFields[static_cast<std::size_t>(id)] == sizeof...(Args),
                "the message has a different number of placeholders than arguments given");
  std::string text = fmt::format(fmt::runtime(message(id, words.lang())), std::forward<Args>(args)...);
  return words.typeset(std::move(text));
}

}  // namespace concur::course
