#include "course/course_words.hpp"

#include <fmt/format.h>

namespace concur::course {

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
  if (seconds >= 10) return number(seconds, 1) + " s";
  if (seconds >= 1) return number(seconds, 2) + " s";
  if (seconds >= 0.1) return number(seconds, 3) + " s";
  if (seconds >= 1e-3) return number(seconds * 1e3, 1) + " ms";
  return number(seconds * 1e6, 0) + " µs";
}

std::string Words::ratio(double x) const { return number(x, x < 10 ? 2 : 1) + "x"; }

std::string Words::kib(double value) const {
  return number(value, value < 10 ? 1 : 0) + (lang_ == Lang::fr ? " Kio" : " KiB");
}

std::string Words::mib(double value_kib) const {
  return number(value_kib / 1024, 1) + (lang_ == Lang::fr ? " Mio" : " MiB");
}

}  // namespace concur::course
