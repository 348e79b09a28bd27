// Language of the course text: its sentences come from the message
// catalogues (course_messages.hpp); numbers follow each language's
// conventions ("2.47 s", "10,000" / "2,47 s", "10 000").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <optional>

#include "concur/result.hpp"
#include "course/course_facts.hpp"

namespace concur::course {

enum class Lang { en, fr };

class Words {
 public:
  explicit Words(Lang lang) : lang_(lang) {}
  Lang lang() const { return lang_; }

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

// Speedup of `m` over `base`, when both were measured.
inline std::optional<double> speedup(const Measured& base, const Measured& m) {
  if (!base.ok() || !m.ok() || *m.seconds <= 0) return std::nullopt;
  return *base.seconds / *m.seconds;
}

}  // namespace concur::course
