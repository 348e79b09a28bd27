#pragma once

#include <string>

#include "concur/result.hpp"

namespace concur::report {

// One footer line when any cell is marked unstable, saying what to do about
// it (pyperf's advice); empty otherwise. Shared by the table and Markdown.
std::string unstable_note(const RunReport& report);

}  // namespace concur::report
