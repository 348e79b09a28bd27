#include "models/mpi/protocol.hpp"

#include <time.h>

#include <cstring>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace concur::mpi {

// Every field of Options, so a worker rank builds exactly the workload the
// coordinator verifies against: the shared ones and every plug-in's own that
// travel (PluginOptions::encoded). The PNG is written by nobody on a worker.
std::string encode_cell(const std::string& workload, const Options& o) {
  nlohmann::json j{{"workload", workload},
                   {"quick", o.quick},
                   {"seed", o.seed},
                   {"plugins", o.plugins.encoded()}};
  if (o.size) j["size"] = *o.size;
  return j.dump();
}

void decode_cell(const std::string& text, std::string& workload, Options& o) {
  auto j = nlohmann::json::parse(text);
  workload = j.at("workload").get<std::string>();
  o.quick = j.at("quick").get<bool>();
  o.seed = j.at("seed").get<std::uint64_t>();
  if (j.contains("size")) o.size = j.at("size").get<std::uint64_t>();
  o.plugins.set_encoded(j.at("plugins").get<std::map<std::string, std::string>>());
}

std::string encode_results(TaskRange range, std::span<const TaskResult> results) {
  std::string bytes(sizeof range + results.size_bytes(), '\0');
  std::memcpy(bytes.data(), &range, sizeof range);
  if (!results.empty()) std::memcpy(bytes.data() + sizeof range, results.data(), results.size_bytes());
  return bytes;
}

bool decode_results(const std::string& bytes, TaskRange& range, std::vector<TaskResult>& results) {
  TaskRange header;
  if (bytes.size() < sizeof header) return false;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.count > kMaxRangeTasks || bytes.size() != sizeof header + header.count * sizeof(TaskResult))
    return false;
  range = header;
  results.resize(header.count);
  if (header.count > 0)
    std::memcpy(results.data(), bytes.data() + sizeof header, header.count * sizeof(TaskResult));
  return true;
}

void Backoff::pause() {
  // A few probes of spinning cover a reply that is already on its way (a
  // shared-memory round trip is a few microseconds); after that, sleep.
  if (spins_++ < spin_probes_) return;
  // Without spinning (the farm's coordinator) the first sleep is already a
  // quarter of the longest: its ranks have tasks queued, and each wake-up
  // costs CPU they would use (coordinator CPU 0.039 -> 0.014 s per primes run).
  const long first = spin_probes_ == 0 ? max_sleep_us_ / 4 : 10;
  sleep_us_ = sleep_us_ == 0 ? first : std::min(sleep_us_ * 2, max_sleep_us_);
  timespec pause{0, sleep_us_ * 1000};
  nanosleep(&pause, nullptr);
}

std::string error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error " + std::to_string(code);
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace concur::mpi
