Gem::Specification.new do |spec|
  spec.name = "acme"
  spec.version = "1.0.0"
end
