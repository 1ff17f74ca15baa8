-- wrk script for bench/proxy-vs-yarp.sh: every request is a short benign chat (system + user turn) with a text no
-- earlier request had, so no verdict cache can answer it. MODE=science sends the near-miss science mix instead.
local counter = 0
local subjects = { "my garden", "a birthday party", "the French Revolution", "compound interest", "a leaking tap",
  "lower back pain", "sourdough bread", "a job interview", "the solar system", "a linked list in Python",
  "autumn leaves", "learning German", "a road trip", "houseplants", "a chess opening", "a budget spreadsheet" }
local asks = { "Can you give me three tips about", "What should a beginner know about", "Write a short note about",
  "Explain in simple words", "What are common mistakes with", "Suggest a plan for" }
local science = { "How do vaccines train the immune system against", "Why is chlorine added to drinking water in",
  "What safety rules apply when storing bleach and ammonia in", "How did scientists first detect radiation near",
  "What is the history of the treaty banning chemical weapons signed in", "How do hospitals treat anthrax infection in",
  "Why are nuclear reactors cooled with water in", "What protective gear do lab technicians wear in" }
local places = { "Spain", "a school lab", "Japan", "the 1990s", "rural clinics", "Canada", "a university", "Brazil" }
local mode = os.getenv("MODE") or "chat"
local id = 0

function setup(thread)
  id = id + 1
  thread:set("tid", id)
end

function init(args)
  counter = tid * 100000000
end

request = function()
  counter = counter + 1
  local n = counter
  local text
  if mode == "science" then
    text = science[n % #science + 1] .. " " .. places[math.floor(n / 8) % #places + 1] .. "? (question " .. n .. ")"
  else
    text = asks[n % #asks + 1] .. " " .. subjects[math.floor(n / 6) % #subjects + 1] .. "? Note " .. n .. "."
  end
  local body = '{"model":"bench","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"' .. text .. '"}]}'
  return wrk.format("POST", "/v1/chat/completions", { ["Content-Type"] = "application/json" }, body)
end
