Gem::Specification.new do |spec|
  spec.name = "acme-widgets"
  spec.version = "1.4.0"
  spec.summary = "Widgets for the Acme API"
  spec.authors = ["Acme"]
  spec.files = Dir["lib/**/*.rb"]
end
