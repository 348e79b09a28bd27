// The course's message catalogues: every message exists in English and in
// French with the same placeholders in the same order, formats in both
// languages, and the French catalogue holds none of the English words the
// course tests forbid in the French text.
#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include <fmt/args.h>
#include <fmt/format.h>

#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

std::vector<Msg> every_message() {
  std::vector<Msg> all;
  for (std::size_t i = 0; i < static_cast<std::size_t>(Msg::count_); ++i) all.push_back(static_cast<Msg>(i));
  return all;
}

TEST(CourseMessages, PlaceholdersAreFoundInOrderEscapesLeftOut) {
  EXPECT_EQ(placeholders("{} and {{literal}} then {:.2f}, {0}"),
            (std::vector<std::string>{"{}", "{:.2f}", "{0}"}));
  EXPECT_TRUE(placeholders("no fields, }} {{").empty());
  EXPECT_EQ(placeholders("broken {"), (std::vector<std::string>{"{"}));
}

TEST(CourseMessages, EveryMessageHasBothLanguagesWithTheSamePlaceholders) {
  ASSERT_GT(every_message().size(), 40u);
  for (Msg id : every_message()) {
    const std::string_view en = message(id, Lang::en), fr = message(id, Lang::fr);
    EXPECT_FALSE(en.empty()) << message_name(id);
    EXPECT_FALSE(fr.empty()) << message_name(id) << " has no French text";
    EXPECT_EQ(placeholders(en), placeholders(fr)) << message_name(id) << ":\n  " << en << "\n  " << fr;
    // What say<>'s compile-time check counts is what this test compares.
    EXPECT_EQ(detail::kFields[static_cast<std::size_t>(id)], placeholders(en).size()) << message_name(id);
  }
}

TEST(CourseMessages, EveryMessageFormatsInBothLanguages) {
  for (Msg id : every_message())
    for (Lang lang : {Lang::en, Lang::fr}) {
      fmt::dynamic_format_arg_store<fmt::format_context> args;
      for (std::size_t i = 0; i < placeholders(message(id, lang)).size(); ++i) args.push_back(std::string("X"));
      EXPECT_NO_THROW((void)fmt::vformat(message(id, lang), args)) << message_name(id);
    }
}

TEST(CourseMessages, FrenchHasNoEnglishWordsAndSayTypesetsIt) {
  for (Msg id : every_message()) {
    const std::string fr(message(id, Lang::fr));
    for (const char* english : {"downloads", "workers", "threads", "speedup", "cannot tell", "found", "readings",
                                "latency", "slower", "faster", "loop", "thread per"})
      EXPECT_EQ(fr.find(english), std::string::npos) << message_name(id) << ": " << english;
  }
  // French numbers group their digits with a narrow no-break space (20 000), never an ordinary one.
  for (Msg id : every_message()) {
    const std::string_view fr = message(id, Lang::fr);
    for (std::size_t i = 1; i + 1 < fr.size(); ++i)
      EXPECT_FALSE(fr[i] == ' ' && std::isdigit(static_cast<unsigned char>(fr[i - 1])) &&
                   std::isdigit(static_cast<unsigned char>(fr[i + 1])))
          << message_name(id) << ": a breakable space inside a number: " << fr;
  }
  // Nor between a number and its unit (say() typesets " %" itself).
  for (Msg id : every_message()) {
    const std::string fr = Words(Lang::fr).typeset(std::string(message(id, Lang::fr)));
    for (const char* unit : {"{} ms", "{} s ", "{} µs", "{} fois", "{} %"})
      EXPECT_EQ(fr.find(unit), std::string::npos) << message_name(id) << ": " << fr;
  }
  const Words fr(Lang::fr);
  EXPECT_EQ(say<Msg::sharing_against_one>(fr, "x"), "Face à un seul fil\u00a0: x.");
  EXPECT_EQ(say<Msg::sharing_threads>(Words(Lang::en), 2), "2 threads");
  EXPECT_EQ(say<Msg::reactive_degrees>(fr, "27"), "27\u00a0°C");
}

// The GPU rows appear only on a machine with a GPU: their French, from the
// catalogue, says "fils du processeur" where it once said "threads CPU".
TEST(CourseMessages, GpuRowsInFrenchHaveNoEnglishWords) {
  GpuFacts f;
  f.cpu_workers = 2;
  f.rows = {{"factorise", Measured::of(1.2), Measured::of(0.62), Measured::of(0.05), 0.01, "80x256"},
            {"mandelbrot", Measured::of(0.9), Measured::of(0.47), Measured::of(0.6), 0.2, "80x256"}};
  std::string text;
  for (const auto& block : gpu_section_text(f, false, Words(Lang::fr)).blocks) text += block.text + "\n";
  EXPECT_NE(text.find("factorise\u00a0: le GPU a été ×12,4 plus rapide que 2 fils du processeur"), std::string::npos)
      << text;
  EXPECT_NE(text.find("mandelbrot\u00a0: le GPU n'a pas été plus rapide que 2 fils du processeur"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("threads"), std::string::npos) << text;
}

}  // namespace
}  // namespace concur::course
