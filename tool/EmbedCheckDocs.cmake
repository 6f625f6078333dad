# Writes the pages of docs/checks/*.md into a C++ include file, as entries
# {"<name>", R"lockcheck_doc(<markdown>)lockcheck_doc"}, for the SARIF rules'
# help. Run at build time:
#   cmake -DDOCS_DIR=<repo>/docs/checks -DOUTPUT=<file> -P EmbedCheckDocs.cmake
file(GLOB docs "${DOCS_DIR}/*.md")
list(SORT docs)
set(content "// Generated from docs/checks/*.md by tool/EmbedCheckDocs.cmake.\n")
foreach(doc IN LISTS docs)
  get_filename_component(name "${doc}" NAME)
  string(REGEX REPLACE "\\.md$" "" name "${name}")
  if(name STREQUAL "README" OR name STREQUAL "index")
    continue()
  endif()
  file(READ "${doc}" text)
  string(FIND "${text}" ")lockcheck_doc\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${doc} contains the string )lockcheck_doc\"")
  endif()
  string(APPEND content "{\"${name}\", R\"lockcheck_doc(${text})lockcheck_doc\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different
  "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
