#include "course/course_messages.hpp"

#include <array>

namespace concur::course {
namespace {

constexpr std::size_t kCount = static_cast<std::size_t>(Msg::count_);

constexpr std::array<std::string_view, kCount> kNames{
#define COURSE_MESSAGE(id, text) #id,
#include "course/course_messages_en.inc"
#undef COURSE_MESSAGE
};

constexpr std::array<std::string_view, kCount> kEnglish{
#define COURSE_MESSAGE(id, text) text,
#include "course/course_messages_en.inc"
#undef COURSE_MESSAGE
};

struct Entry {
  Msg id;
  std::string_view text;
};
// An id the English catalogue lacks does not compile (Msg::id is unknown).
constexpr Entry kFrenchEntries[] = {
#define COURSE_MESSAGE(id, text) {Msg::id, text},
#include "course/course_messages_fr.inc"
#undef COURSE_MESSAGE
};

// Indexed by id; an id the French catalogue lacks stays empty.
constexpr std::array<std::string_view, kCount> french() {
  std::array<std::string_view, kCount> table{};
  for (const Entry& e : kFrenchEntries) table[static_cast<std::size_t>(e.id)] = e.text;
  return table;
}
constexpr std::array<std::string_view, kCount> kFrench = french();

}  // namespace

std::string_view message(Msg id, Lang lang) {
  const auto i = static_cast<std::size_t>(id);
  return lang == Lang::fr ? kFrench[i] : kEnglish[i];
}

std::string_view message_name(Msg id) { return kNames[static_cast<std::size_t>(id)]; }

std::vector<std::string> placeholders(std::string_view format) {
  std::vector<std::string> found;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '}' && i + 1 < format.size() && format[i + 1] == '}') {
      ++i;
      continue;
    }
    if (format[i] != '{') continue;
    if (i + 1 < format.size() && format[i + 1] == '{') {
      ++i;
      continue;
    }
    const std::size_t end = format.find('}', i);
    if (end == std::string_view::npos) {
      found.emplace_back(format.substr(i));  // unterminated: kept, so the test shows it
      break;
    }
    found.emplace_back(format.substr(i, end - i + 1));
    i = end;
  }
  return found;
}

}  // namespace concur::course
