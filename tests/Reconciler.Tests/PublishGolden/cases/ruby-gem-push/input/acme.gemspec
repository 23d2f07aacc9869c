Gem::Specification.new do |spec|
  spec.name = "acme"
  spec.version = "1.3.0"
  spec.summary = "Ruby client for the Acme API"
  spec.authors = ["Acme"]
  spec.files = Dir["lib/**/*.rb"]
end
