#include "course/course_words.hpp"

#include <fmt/format.h>

namespace concur::course {

namespace {
constexpr std::string_view kNoBreak = "\u00a0";        // before : and units
constexpr std::string_view kNarrowNoBreak = "\u202f";  // before ; ? ! and between digit groups

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}
}  // namespace

std::string Words::typeset(std::string text) const {
  if (lang_ != Lang::fr) return text;
  replace_all(text, " :", std::string(kNoBreak) + ":");
  replace_all(text, " %", std::string(kNoBreak) + "%");
  for (std::string_view mark : {";", "?", "!"})
    replace_all(text, std::string(" ") + std::string(mark), std::string(kNarrowNoBreak) + std::string(mark));
  return text;
}

std::string Words::number(double x, int decimals) const {
  std::string text = fmt::format("{:.{}f}", x, decimals);
  if (lang_ == Lang::fr)
    for (char& c : text)
      if (c == '.') c = ',';
  return text;
}

std::string Words::count(std::uint64_t n) const {
  std::string digits = std::to_string(n), out;
  const std::string separator = lang_ == Lang::fr ? "\u202f" : ",";  // narrow no-break space
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string Words::duration(double seconds) const {
  // Never a line break between a number and its unit.
  const std::string space(lang_ == Lang::fr ? kNoBreak : " ");
  if (seconds >= 10) return number(seconds, 1) + space + "s";
  if (seconds >= 1) return number(seconds, 2) + space + "s";
  if (seconds >= 0.1) return number(seconds, 3) + space + "s";
  if (seconds >= 1e-3) return number(seconds * 1e3, 1) + space + "ms";
  return number(seconds * 1e6, 0) + space + "µs";
}

std::string Words::ratio(double x) const {
  const std::string digits = number(x, x < 10 ? 2 : 1);
  return lang_ == Lang::fr ? "×" + digits : digits + "x";
}

std::string Words::interval(const Estimate& e) const {
  if (!e.has_interval) return ratio(e.value);  // one repetition: no interval to give
  const int decimals = e.ci.high < 10 ? 2 : 1;
  return ratio(e.value) + " [" + number(e.ci.low, decimals) + "–" + number(e.ci.high, decimals) + "]";
}

std::string Words::kib(double value) const {
  return number(value, value < 10 ? 1 : 0) + (lang_ == Lang::fr ? std::string(kNoBreak) + "Kio" : " KiB");
}

std::string Words::mib(double value_kib) const {
  return number(value_kib / 1024, 1) + (lang_ == Lang::fr ? std::string(kNoBreak) + "Mio" : " MiB");
}

}  // namespace concur::course
