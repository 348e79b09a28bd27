// What a model or workload may tell the rest of the program about itself,
// beyond its make function: its command-line flags (with their checks) and
// the libraries it is built on (printed by `info`, recorded in JSON). A
// plug-in that has any names a describe function on its .def line, e.g.
//   CONCUR_MODEL(gil, describe_gil_model)
// and defines it in its own file; nothing else needs to know.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "concur/options.hpp"

namespace CLI {
class App;
}

namespace concur {

struct LibraryVersion {
  std::string name;     // "oneTBB"
  std::string version;  // "2021.8.0"
};

struct PluginTraits {
  // Adds the plug-in's flags to a command that can run it, bound to the
  // command's Options: to its own settings struct in Options::plugins. A flag several plug-ins share (--size, whose meaning
  // each workload declares in WorkloadTraits::size_meaning) belongs to the
  // command (src/cli/run_flags.cpp), not to one of them: two plug-ins adding
  // the same name would be a startup error.
  std::function<void(CLI::App&, Options&)> add_flags;
  std::vector<LibraryVersion> libraries;
  // The files the plug-in's flags ask it to write, as (flag, path): the
  // command refuses two flags naming one file (--png x.png --output x.png)
  // before the run, as it refuses --output and --plot.
  std::function<std::vector<std::pair<std::string, std::string>>(const Options&)> output_files;
};

using DescribePlugin = void (*)(PluginTraits&);

// The traits a describe function (or none) gives.
inline PluginTraits traits_of(DescribePlugin describe) {
  PluginTraits traits;
  if (describe) describe(traits);
  return traits;
}

}  // namespace concur
