#include "models/mpi/protocol.hpp"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
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

std::string encode_results(TaskRange range, const mechanism::RankUsage& usage,
                           std::span<const TaskResult> results) {
  std::string bytes(sizeof range + sizeof usage + results.size_bytes(), '\0');
  std::memcpy(bytes.data(), &range, sizeof range);
  std::memcpy(bytes.data() + sizeof range, &usage, sizeof usage);
  if (!results.empty())
    std::memcpy(bytes.data() + sizeof range + sizeof usage, results.data(), results.size_bytes());
  return bytes;
}

bool decode_results(const std::string& bytes, TaskRange& range, mechanism::RankUsage& usage,
                    std::vector<TaskResult>& results) {
  constexpr std::size_t header_bytes = sizeof(TaskRange) + sizeof(mechanism::RankUsage);
  TaskRange header;
  if (bytes.size() < header_bytes) return false;
  std::memcpy(&header, bytes.data(), sizeof header);
  if (header.count > kMaxRangeTasks || bytes.size() != header_bytes + header.count * sizeof(TaskResult))
    return false;
  range = header;
  std::memcpy(&usage, bytes.data() + sizeof header, sizeof usage);
  results.resize(header.count);
  if (header.count > 0)
    std::memcpy(results.data(), bytes.data() + header_bytes, header.count * sizeof(TaskResult));
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
  const timespec pause{sleep_us_ / 1'000'000, (sleep_us_ % 1'000'000) * 1000};
  if (!wakeable_) {
    nanosleep(&pause, nullptr);
    return;
  }
  sigset_t during;  // this thread's mask without the wake signal
  pthread_sigmask(SIG_BLOCK, nullptr, &during);
  sigdelset(&during, kWakeSignal);
  if (ppoll(nullptr, 0, &pause, &during) < 0) reset();  // woken: a message is there, probe soon again
}

namespace {
void on_wake(int) {}  // only ends the sleep
}  // namespace

void block_wake_signal() {
  struct sigaction action {};
  action.sa_handler = on_wake;
  action.sa_flags = SA_RESTART;  // other calls carry on; ppoll returns regardless
  sigemptyset(&action.sa_mask);
  sigaction(kWakeSignal, &action, nullptr);
  sigset_t wake;
  sigemptyset(&wake);
  sigaddset(&wake, kWakeSignal);
  pthread_sigmask(SIG_BLOCK, &wake, nullptr);
}

void wake_rank(pid_t pid) {
  if (pid > 0) ::kill(pid, kWakeSignal);
}

std::string error_text(int code) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) return "MPI error " + std::to_string(code);
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace concur::mpi
