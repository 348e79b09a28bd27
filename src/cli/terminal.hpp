// What the terminal allows: colour (--color auto|always|never, NO_COLOR) and
// width (COLUMNS, else the terminal's own), read once by the commands.
#pragma once

#include <cstddef>
#include <string>

namespace concur::cli {

enum class ColorMode { auto_detect, always, never };

// "auto" | "always" | "never"; the flag's check has already refused others.
ColorMode parse_color_mode(const std::string& text);

// Colour on `fd`: always, never, or (auto) when it is a terminal and
// NO_COLOR is unset or empty (https://no-color.org).
bool color_enabled(ColorMode mode, int fd);
// TERM=dumb (Emacs' shell, some CI logs): a terminal that takes no escape
// sequences, so no colour in auto mode and no \033[K to clear a line.
bool terminal_is_dumb();

// Columns available on `fd`: COLUMNS when it is a positive number, else the
// terminal's width (TIOCGWINSZ), else 0: unknown, no limit (a pipe, a file).
std::size_t terminal_width(int fd);

// `text` wrapped in `sgr` (an ANSI colour) and a reset when `enabled`.
std::string paint(bool enabled, const char* sgr, const std::string& text);

// --color's value from raw arguments ("--color never", "--color=always"),
// for messages printed before or without parsing; auto when absent.
ColorMode color_mode_in(int argc, char** argv);

}  // namespace concur::cli
