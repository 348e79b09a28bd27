// Open MPI's busy polling, measured: a coordinator that waits in MPI_Recv
// spins on a core; on a 2-core machine that is a core taken from the two
// worker ranks. Runs the same farm of CPU-bound tasks with the coordinator
// waiting either way and reports the farm's time and the coordinator's CPU.
//   mpirun --oversubscribe --bind-to none -np 3 build/release/bench/concur_mpi_polling
// (the mpi model waits the `backoff` way; see src/models/mpi/protocol.hpp)
#include <mpi.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "models/mpi/protocol.hpp"

namespace {

constexpr int kTasks = 200;
constexpr std::uint64_t kWork = 4'000'000;  // ~5-10 ms of arithmetic per task

std::uint64_t compute(std::uint64_t seed) {
  std::uint64_t x = seed | 1;
  for (std::uint64_t i = 0; i < kWork; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  return x;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Next result from any worker: blocking (Open MPI spins inside) or probing
// with the model's sleeping backoff.
void receive(bool spin, std::uint64_t& value, MPI_Status& status) {
  if (spin) {
    MPI_Recv(&value, 1, MPI_UINT64_T, MPI_ANY_SOURCE, 1, MPI_COMM_WORLD, &status);
    return;
  }
  concur::mpi::Backoff backoff(200);
  for (int flag = 0;;) {
    MPI_Iprobe(MPI_ANY_SOURCE, 1, MPI_COMM_WORLD, &flag, &status);
    if (flag) break;
    backoff.pause();
  }
  MPI_Recv(&value, 1, MPI_UINT64_T, status.MPI_SOURCE, 1, MPI_COMM_WORLD, &status);
}

void farm(bool spin, int size) {
  MPI_Barrier(MPI_COMM_WORLD);
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  int next = 0, active = size - 1;
  std::uint64_t total = 0;
  for (int w = 1; w < size; ++w) {
    int task = next < kTasks ? next++ : -1;
    if (task < 0) --active;
    MPI_Send(&task, 1, MPI_INT, w, 0, MPI_COMM_WORLD);
  }
  while (active > 0) {
    std::uint64_t value = 0;
    MPI_Status status;
    receive(spin, value, status);
    total += value;
    int task = next < kTasks ? next++ : -1;
    if (task < 0) --active;
    MPI_Send(&task, 1, MPI_INT, status.MPI_SOURCE, 0, MPI_COMM_WORLD);
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%-8s %d workers: farm %.3f s, coordinator CPU %.3f s (%.0f%% of a core)  [%llx]\n",
              spin ? "spin" : "backoff", size - 1, wall, cpu_seconds() - cpu_before,
              100 * (cpu_seconds() - cpu_before) / wall, static_cast<unsigned long long>(total));
}

void serve() {
  for (int pass = 0; pass < 2; ++pass) {
    MPI_Barrier(MPI_COMM_WORLD);
    for (;;) {
      int task = 0;
      MPI_Recv(&task, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (task < 0) break;
      std::uint64_t value = compute(static_cast<std::uint64_t>(task));
      MPI_Send(&value, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size < 2) {
    if (rank == 0) std::fprintf(stderr, "run under mpirun with -np 2 or more\n");
    MPI_Finalize();
    return 2;
  }
  if (rank == 0) {
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t total = 0;
    for (int t = 0; t < kTasks; ++t) total += compute(static_cast<std::uint64_t>(t));
    std::printf("sequential on rank 0: %.3f s  [%llx]\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                static_cast<unsigned long long>(total));
    farm(true, size);
    farm(false, size);
  } else {
    serve();
  }
  MPI_Finalize();
  return 0;
}
