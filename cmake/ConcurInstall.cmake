# Everything a user installs: the binary, its man page and shell completions
# (both generated at build time by the binary itself, so they cannot drift
# from its options), the README and the licence; and a .deb via CPack.
include(GNUInstallDirs)

option(CONCUR_MAN_PAGE "Generate the man page with help2man (Debian package help2man)" ON)
set(CONCUR_SHARE_DIR "${CMAKE_CURRENT_BINARY_DIR}/share")
set(CONCUR_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions"
    CACHE STRING "Where zsh completions go (Debian's zsh reads vendor-completions)")

# Shell completions: `concur-bench completion SHELL` walks the CLI11 app and
# the model/workload/format registries.
set(concur_completions
    "${CONCUR_SHARE_DIR}/bash/concur-bench" "${CONCUR_SHARE_DIR}/zsh/_concur-bench"
    "${CONCUR_SHARE_DIR}/fish/concur-bench.fish")
add_custom_command(
  OUTPUT ${concur_completions}
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${CONCUR_SHARE_DIR}/bash" "${CONCUR_SHARE_DIR}/zsh"
          "${CONCUR_SHARE_DIR}/fish"
  COMMAND concur-bench completion bash --output "${CONCUR_SHARE_DIR}/bash/concur-bench"
  COMMAND concur-bench completion zsh --output "${CONCUR_SHARE_DIR}/zsh/_concur-bench"
  COMMAND concur-bench completion fish --output "${CONCUR_SHARE_DIR}/fish/concur-bench.fish"
  DEPENDS concur-bench
  COMMENT "Generating bash, zsh and fish completions" VERBATIM)
set(concur_docs ${concur_completions})

# The man page: help2man reads --help-all (every subcommand's options and
# examples) and --version; doc/concur-bench.h2m adds environment and exit codes.
if(CONCUR_MAN_PAGE)
  find_program(HELP2MAN help2man)
  if(NOT HELP2MAN)
    message(FATAL_ERROR "help2man not found: run scripts/setup.sh (or -DCONCUR_MAN_PAGE=OFF)")
  endif()
  set(concur_man "${CONCUR_SHARE_DIR}/man/concur-bench.1")
  add_custom_command(
    OUTPUT "${concur_man}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CONCUR_SHARE_DIR}/man"
    COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 --help-option=--help-all
            "--version-string=concur-bench ${PROJECT_VERSION}" --include=${CMAKE_CURRENT_SOURCE_DIR}/doc/concur-bench.h2m
            --output=${concur_man} $<TARGET_FILE:concur-bench>
    DEPENDS concur-bench "${CMAKE_CURRENT_SOURCE_DIR}/doc/concur-bench.h2m"
    COMMENT "Generating the man page with help2man" VERBATIM)
  list(APPEND concur_docs "${concur_man}")
  install(FILES "${concur_man}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()
add_custom_target(concur_docs ALL DEPENDS ${concur_docs})

install(TARGETS concur-bench RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${CONCUR_SHARE_DIR}/bash/concur-bench"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${CONCUR_SHARE_DIR}/zsh/_concur-bench" DESTINATION "${CONCUR_ZSH_COMPLETION_DIR}")
install(FILES "${CONCUR_SHARE_DIR}/fish/concur-bench.fish"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
install(FILES README.md LICENSE DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# `cpack -G DEB` in the build folder: dependencies from the shared libraries
# the binary links (dpkg-shlibdeps, Debian package dpkg-dev).
set(CPACK_PACKAGE_NAME concur-bench)
set(CPACK_PACKAGE_VENDOR "The concur-bench authors")
set(CPACK_PACKAGE_CONTACT "The concur-bench authors <concur-bench@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "which concurrency model wins, for this work, on this machine")
set(CPACK_PACKAGE_DESCRIPTION
    "Runs real workloads (HTTP downloads, CPU-bound math kernels) under every concurrency model "
    "(sequential, threads, processes, async, a simulated GIL, OpenMP, CUDA), times them with "
    "Google Benchmark, verifies every answer and reports the speedups.")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
