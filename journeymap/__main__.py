from journeymap.launch import main

main()
