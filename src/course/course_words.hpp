// Language of the course text: every sentence is written in English and in
// French side by side, and numbers follow each language's conventions
// ("2.47 s", "10,000" / "2,47 s", "10 000").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "concur/result.hpp"
#include "course/course_facts.hpp"

namespace concur::course {

enum class Lang { en, fr };

class Words {
 public:
  explicit Words(Lang lang) : lang_(lang) {}
  Lang lang() const { return lang_; }

  std::string operator()(std::string_view en, std::string_view fr) const {
    return lang_ == Lang::fr ? typeset(std::string(fr)) : std::string(en);
  }
  // French typography: a no-break space before : and %, a narrow one before
  // ; ? ! (the text is written with ordinary spaces; this makes them fixed).
  std::string typeset(std::string text) const;
  std::string number(double x, int decimals) const;
  std::string count(std::uint64_t n) const;  // 10,000 / 10 000
  std::string duration(double seconds) const;  // 2.47 s, 15.3 ms
  std::string ratio(double x) const;           // 4.9x / ×4,9 (two decimals under 10)
  std::string interval(const Estimate& speedup) const;  // 1.93x [1.85–2.01] / ×1,93 [1,85–2,01]
  std::string kib(double kib) const;           // 37 KiB / 37 Kio
  std::string mib(double kib) const;           // 12.5 MiB / 12,5 Mio
  // A cell: its duration, or "—" with its reason kept for the notes.
  std::string time_of(const Measured& m) const { return m.ok() ? duration(*m.seconds) : "—"; }

 private:
  Lang lang_;
};

// One sentence in the reader's language, numbers already formatted. Both
// versions are fmt format strings checked at compile time against the same
// arguments: a message missing a placeholder in either language, or with one
// too many, does not compile.
template <typename... Args>
std::string say(const Words& words, fmt::format_string<Args...> en, fmt::format_string<Args...> fr,
                Args&&... args) {
  return words.lang() == Lang::fr ? words.typeset(fmt::format(fr, std::forward<Args>(args)...))
                                  : fmt::format(en, std::forward<Args>(args)...);
}

// Speedup of `m` over `base`, when both were measured.
inline std::optional<double> speedup(const Measured& base, const Measured& m) {
  if (!base.ok() || !m.ok() || *m.seconds <= 0) return std::nullopt;
  return *base.seconds / *m.seconds;
}

}  // namespace concur::course
