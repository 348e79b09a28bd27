# Everything a user installs: the binary, its man page and shell completions
# (both generated at build time by the binary itself, so they cannot drift
# from its options), the README, the copyright file and the Debian
# changelog; and a .deb via CPack that lintian accepts (no error, no warning;
# tests/install_test.cpp runs lintian when it is installed).
include(GNUInstallDirs)

set(CONCUR_PACKAGE_MAINTAINER "concur-bench maintainers <concur-bench@users.noreply.github.com>"
    CACHE STRING "Maintainer of the .deb and the changelog's signer: Name <address>")
set(CONCUR_PACKAGE_SUMMARY "which concurrency model wins, for this work, on this machine")
set(CONCUR_DEB_RELEASE 1)  # the Debian revision: PROJECT_VERSION-1
find_program(CONCUR_GZIP gzip REQUIRED)

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

# The .deb's Description: the summary and every model and workload, read from
# the built binary's registries (`list --format json`) at build time, like
# the completions; CPack reads it at package time (CPackProjectConfig.cmake).
set(concur_deb_description "${CONCUR_SHARE_DIR}/deb/description")
add_custom_command(
  OUTPUT "${concur_deb_description}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${CONCUR_SHARE_DIR}/deb"
  COMMAND "${CMAKE_COMMAND}" -DBINARY=$<TARGET_FILE:concur-bench> "-DSUMMARY=${CONCUR_PACKAGE_SUMMARY}"
          -DOUTPUT=${concur_deb_description} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/ConcurDebDescription.cmake"
  DEPENDS concur-bench "${CMAKE_CURRENT_SOURCE_DIR}/cmake/ConcurDebDescription.cmake"
  COMMENT "Writing the package description from the registries" VERBATIM)
list(APPEND concur_docs "${concur_deb_description}")

# The copyright file, machine-readable (DEP-5), from LICENSE: its first line
# names the licence, its "Copyright (c)" line the holders, the rest is the text.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/LICENSE")
file(READ "${CMAKE_CURRENT_SOURCE_DIR}/LICENSE" concur_license)
string(REGEX MATCH "^[^\n]*" concur_license_title "${concur_license}")
if(concur_license_title STREQUAL "MIT License")
  set(CONCUR_LICENSE_NAME Expat)  # DEP-5's name for the MIT licence
else()
  message(FATAL_ERROR "LICENSE is \"${concur_license_title}\": give its DEP-5 short name in cmake/ConcurInstall.cmake")
endif()
if(NOT concur_license MATCHES "\nCopyright \\(c\\) ([^\n]+)\n\n(.*)$")
  message(FATAL_ERROR "LICENSE: no \"Copyright (c) YEAR HOLDER\" line followed by the licence text")
endif()
set(CONCUR_COPYRIGHT "${CMAKE_MATCH_1}")
string(STRIP "${CMAKE_MATCH_2}" concur_license_text)
# A field's continuation lines start with a space; an empty one is " .".
string(REGEX REPLACE "\n\n" "\n.\n" concur_license_text "${concur_license_text}")
string(REPLACE "\n" "\n " CONCUR_LICENSE_TEXT " ${concur_license_text}")
set(concur_debian_doc "${CONCUR_SHARE_DIR}/doc")
configure_file(doc/debian/copyright.in "${concur_debian_doc}/copyright" @ONLY)

# The Debian changelog: one entry, this version, dated when configured
# (SOURCE_DATE_EPOCH, when set, for a reproducible package), gzip -9n as
# Debian policy wants (-n: no name or time stamp inside).
set(CONCUR_DEB_VERSION "${PROJECT_VERSION}-${CONCUR_DEB_RELEASE}")
string(TIMESTAMP CONCUR_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(doc/debian/changelog.in "${concur_debian_doc}/changelog.Debian" @ONLY)
add_custom_command(
  OUTPUT "${concur_debian_doc}/changelog.Debian.gz"
  COMMAND "${CONCUR_GZIP}" -9nkf "${concur_debian_doc}/changelog.Debian"
  DEPENDS "${concur_debian_doc}/changelog.Debian"
  COMMENT "Compressing the Debian changelog" VERBATIM)
list(APPEND concur_docs "${concur_debian_doc}/changelog.Debian.gz")

# The man page: help2man reads --help-all (every subcommand's options and
# examples) and --version; doc/concur-bench.h2m adds environment and exit codes;
# cmake/ConcurManExamples.cmake sets the examples one unbroken line each. The
# page is installed gzip -9n (concur-bench.1.gz); the tests read concur-bench.1.
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
    COMMAND "${CMAKE_COMMAND}" -DMAN=${concur_man} -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/ConcurManExamples.cmake"
    DEPENDS concur-bench "${CMAKE_CURRENT_SOURCE_DIR}/doc/concur-bench.h2m"
            "${CMAKE_CURRENT_SOURCE_DIR}/cmake/ConcurManExamples.cmake"
    COMMENT "Generating the man page with help2man" VERBATIM)
  add_custom_command(
    OUTPUT "${concur_man}.gz"
    COMMAND "${CONCUR_GZIP}" -9nkf "${concur_man}"
    DEPENDS "${concur_man}"
    COMMENT "Compressing the man page" VERBATIM)
  list(APPEND concur_docs "${concur_man}" "${concur_man}.gz")
  install(FILES "${concur_man}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endif()
add_custom_target(concur_docs ALL DEPENDS ${concur_docs})

install(TARGETS concur-bench RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# A stripped install (cpack, `cmake --install --strip`) also drops .comment,
# the compilers' version strings, as Debian's dh_strip does.
if(CMAKE_OBJCOPY)
  install(CODE "if(CMAKE_INSTALL_DO_STRIP)
  execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --remove-section=.comment
    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/concur-bench\" COMMAND_ERROR_IS_FATAL ANY)
endif()")
endif()
install(FILES "${CONCUR_SHARE_DIR}/bash/concur-bench"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${CONCUR_SHARE_DIR}/zsh/_concur-bench" DESTINATION "${CONCUR_ZSH_COMPLETION_DIR}")
install(FILES "${CONCUR_SHARE_DIR}/fish/concur-bench.fish"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d")
# The licence is in copyright (Debian wants it there, and nowhere else).
install(FILES README.md "${concur_debian_doc}/copyright" "${concur_debian_doc}/changelog.Debian.gz"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
# Beside the README, so that its links to docs/*.md resolve where installed.
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs" FILES_MATCHING PATTERN "*.md")
# Lintian's known false positives, each explained in the file.
install(FILES doc/debian/lintian-overrides DESTINATION "${CMAKE_INSTALL_DATADIR}/lintian/overrides"
        RENAME concur-bench)

# `cpack -G DEB` in the build folder: dependencies from the shared libraries
# the binary links (dpkg-shlibdeps, Debian package dpkg-dev).
set(CPACK_PACKAGE_NAME concur-bench)
set(CPACK_PACKAGE_VENDOR "The concur-bench authors")
set(CPACK_PACKAGE_CONTACT "${CONCUR_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CONCUR_PACKAGE_SUMMARY}")
# The Description field itself is written at build time (above) and read by
# cpack from this file.
set(CONCUR_DEB_DESCRIPTION_FILE "${concur_deb_description}")
configure_file(cmake/CPackProjectConfig.cmake.in "${CMAKE_CURRENT_BINARY_DIR}/CPackProjectConfig.cmake" @ONLY)
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_BINARY_DIR}/CPackProjectConfig.cmake")
set(CPACK_DEBIAN_PACKAGE_RELEASE ${CONCUR_DEB_RELEASE})
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
