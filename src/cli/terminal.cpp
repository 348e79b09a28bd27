#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace concur::cli {
ColorMode parse_color_mode(const std::string& text) {
  if (text == "always") return ColorMode::always;
  if (text == "never") return ColorMode::never;
  return ColorMode::auto_detect;
}

bool color_enabled(ColorMode mode, int fd) {
  if (mode != ColorMode::auto_detect) return mode == ColorMode::always;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(fd) == 1 && !(no_color && *no_color) && !terminal_is_dumb();
}

bool terminal_is_dumb() {
  const char* term = std::getenv("TERM");
  return term && std::string_view(term) == "dumb";
}

std::size_t terminal_width(int fd) {
  if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
    std::size_t value = 0;
    const char* end = columns + std::strlen(columns);
    auto [at, ec] = std::from_chars(columns, end, value);
    if (ec == std::errc() && at == end && value > 0) return value;
  }
  winsize size{};
  if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

std::string paint(bool enabled, const char* sgr, const std::string& text) {
  return enabled ? sgr + text + "\033[0m" : text;
}

ColorMode color_mode_in(int argc, char** argv) {
  ColorMode mode = ColorMode::auto_detect;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--color" && i + 1 < argc) mode = parse_color_mode(argv[i + 1]);
    else if (arg.starts_with("--color=")) mode = parse_color_mode(arg.substr(8));
  }
  return mode;
}


}  // namespace concur::cli
